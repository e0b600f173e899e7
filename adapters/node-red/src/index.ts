/**
 * @module The package's one bundle: the three node modules. Node-RED loads one file per node (package.json
 * `node-red.nodes`); each re-exports its module from here, so the runtime is in the package once.
 */
export { oktaAction } from './action.ts';
export { oktaConnection } from './connection.ts';
export { oktaTrigger } from './trigger.ts';
