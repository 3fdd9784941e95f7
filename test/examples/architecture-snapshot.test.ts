// Runs the example CI snapshot test (examples/architecture-snapshot-test/architecture.test.ts) as
// part of this suite: Jest's roots are test/, so the example is imported here. Its snapshot is in
// test/examples/__snapshots__/.
import '../../examples/architecture-snapshot-test/architecture.test';
