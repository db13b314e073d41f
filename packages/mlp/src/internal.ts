// @nn/mlp/internal: what the @nn packages use of each other's insides; not for users, and may change at any time.
export { type ReplicaInit, runReplica } from './paths/data-parallel/run-replica';
