/** A table row: a header cell naming it, then one cell per value (header cells too for a heading row). */
export function tableRow(name: string, values: string[], heading = false): HTMLTableRowElement {
  const cell = (tag: 'th' | 'td', text: string) => {
    const node = document.createElement(tag);
    node.textContent = text;
    return node;
  };
  const row = document.createElement('tr');
  row.append(cell('th', name), ...values.map((value) => cell(heading ? 'th' : 'td', value)));
  return row;
}
