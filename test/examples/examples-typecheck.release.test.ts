// The examples under examples/ compile, type-checked with their own tsconfig as `tsc --noEmit` would
// (Jest's SWC transform does not type-check, hence the compiler API). A release check: one TypeScript
// program over aws-cdk-lib's types takes tens of seconds (`npm run test:release`).
import * as path from 'node:path';
import * as ts from 'typescript';

const EXAMPLES = path.join(__dirname, '..', '..', 'examples');

test('every example type-checks', () => {
  const configFile = path.join(EXAMPLES, 'tsconfig.json');
  const { config, error } = ts.readConfigFile(configFile, ts.sys.readFile);
  expect(error).toBeUndefined();
  const parsed = ts.parseJsonConfigFileContent(config, ts.sys, EXAMPLES, undefined, configFile);
  expect(parsed.fileNames.map((f) => path.relative(EXAMPLES, f)).sort()).toEqual([
    'architecture-snapshot-test/architecture.test.ts',
    'architecture-snapshot-test/architecture.ts',
    'existing-vpc-and-alb/app.ts',
  ]);
  const program = ts.createProgram(parsed.fileNames, parsed.options);
  const diagnostics = ts.getPreEmitDiagnostics(program).map((d) => {
    const where = d.file
      ? `${path.relative(EXAMPLES, d.file.fileName)}:${d.file.getLineAndCharacterOfPosition(d.start ?? 0).line + 1}: `
      : '';
    return where + ts.flattenDiagnosticMessageText(d.messageText, '\n');
  });
  expect(diagnostics).toEqual([]);
});
