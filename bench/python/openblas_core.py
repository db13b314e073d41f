"""The OpenBLAS core a peer process runs on (what the benchmark tables print beside its figures).

OpenBLAS picks its kernels for the CPU it finds (or the one OPENBLAS_CORETYPE names); `openblas_get_corename` says
which. The library is found among those the process has loaded (/proc/self/maps), so call this after numpy or torch
has run a product. numpy's wheels ship OpenBLAS with prefixed symbol names, hence the several spellings.
"""
import ctypes

CORENAME_SYMBOLS = ('openblas_get_corename', 'openblas_get_corename64_', 'scipy_openblas_get_corename64_')


def openblas_core():
    """The core name OpenBLAS reports (e.g. "Cooperlake", "Haswell"), or "no OpenBLAS loaded"."""
    with open('/proc/self/maps') as maps:
        paths = sorted({line.split()[-1] for line in maps if 'blas' in line and '.so' in line})
    for path in paths:
        try:
            library = ctypes.CDLL(path)
        except OSError:
            continue
        for symbol in CORENAME_SYMBOLS:
            corename = getattr(library, symbol, None)
            if corename is not None:
                corename.restype = ctypes.c_char_p
                return corename().decode()
    return 'no OpenBLAS loaded'
