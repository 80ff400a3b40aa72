// Each test file gets its own SDK runtime; keep the SDK's own logs at WARN so test output stays readable.
import { DefaultLogger, Runtime } from '@temporalio/worker';

Runtime.install({ logger: new DefaultLogger('WARN') });
