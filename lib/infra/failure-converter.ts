// The failure converter of the worker (bundled into workflow code) and the clients: a failure's message and stack
// trace travel sealed by the payload codec, like every payload (see lib/infra/codec.ts).
import { DefaultFailureConverter } from '@temporalio/common';

export const failureConverter = new DefaultFailureConverter({ encodeCommonAttributes: true });
