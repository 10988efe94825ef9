// What conf gets for `ajv/dist/2020.js` and `ajv-formats` in the tool's bundles (conf-without-ajv.mjs).
// conf builds an Ajv only when it is given a schema, which the profile store never does: it checks
// config.json itself (source/profiles/config-check.ts). Bundled, Ajv cost every command that opens
// the store 48 ms of CPU just to load. Should conf ever build one anyway, it fails here, loudly.
function refuse() {
  throw new Error(
    "conf asked for Ajv, which qlik-tokens' build leaves out (scripts/ajv-stand-in.mjs): the profile store checks config.json itself",
  );
}
export class Ajv2020 {
  constructor() {
    refuse();
  }
}
export default {default: refuse};
