// Jest snapshot serializer: masks 64-hex asset hashes (and the bootstrap qualifier's hash-suffixed
// asset names) so snapshots do not change when an asset's bytes or the CDK version change.
const ASSET_HASH = /[0-9a-f]{64}/g;

module.exports = {
  test: (value: unknown) => typeof value === 'string' && /[0-9a-f]{64}/.test(value),
  serialize: (value: string) => JSON.stringify(value.replace(ASSET_HASH, '[ASSET-HASH]')),
};
