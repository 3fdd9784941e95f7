// Loads TypeScript in the test processes: registers tsx for `require` and `import`, with
// tsconfig.dev.json (its `paths` map the package names to the sources, as the build's do not).
const path = require('node:path');

module.exports = async function registerTypeScript() {
  const tsconfig = path.join(__dirname, '..', '..', 'tsconfig.dev.json');
  process.env.TSX_TSCONFIG_PATH = tsconfig;
  require('tsx/cjs/api').register();
  const { register } = await import('tsx/esm/api');
  register({ tsconfig });
};
