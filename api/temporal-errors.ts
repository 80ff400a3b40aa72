/**
 * Temporal that does not answer in time: the gRPC status of an error, wherever the SDK wrapped it. DEADLINE_EXCEEDED
 * (our own wait ran out) and UNAVAILABLE (the server cannot be reached) are "try again later" (503), not faults (500).
 */

/** gRPC status codes (https://grpc.github.io/grpc/core/md_doc_statuscodes.html). */
const status = { DEADLINE_EXCEEDED: 4, NOT_FOUND: 5, UNAVAILABLE: 14 } as const;

/** The gRPC status code of `err` or of one of its causes. */
export function grpcCode(err: unknown): number | undefined {
  for (let e = err, depth = 0; e && typeof e === 'object' && depth < 8; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'number') return code;
  }
  return undefined;
}

export const isDeadlineExceeded = (err: unknown) => grpcCode(err) === status.DEADLINE_EXCEEDED;

export const isTemporalUnavailable = (err: unknown) => {
  const code = grpcCode(err);
  return code === status.DEADLINE_EXCEEDED || code === status.UNAVAILABLE;
};

export const isNotFound = (err: unknown) => grpcCode(err) === status.NOT_FOUND;
