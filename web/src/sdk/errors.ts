import { Code, ConnectError } from "@connectrpc/connect";
import { BadRequestSchema, RetryInfoSchema } from "../gen/google/rpc/error_details_pb.js";

/** What a caller needs to react to a failed call, read from the gRPC status and its details. */
export interface AtlasError {
  /**
   * The gRPC status code, e.g. `Code.NotFound`, `Code.ResourceExhausted`; `Code.Unavailable` also when
   * no answer came at all (see `unreachable`).
   */
  code: Code;
  /** The code's name as gRPC spells it, e.g. "NOT_FOUND". */
  codeName: string;
  /** The server's message, without the "[code]" prefix Connect adds. */
  message: string;
  /** The request field at fault (from `google.rpc.BadRequest`), e.g. "page_token". */
  field?: string;
  /** How long the server asks the caller to wait (from `google.rpc.RetryInfo`), in milliseconds. */
  retryAfterMs?: number;
  /** True when the request never got an answer from the server (down, unreachable, network error). */
  unreachable: boolean;
  /** The original error. */
  cause: ConnectError;
}

const CODE_NAMES: Record<number, string> = {
  [Code.Canceled]: "CANCELLED",
  [Code.Unknown]: "UNKNOWN",
  [Code.InvalidArgument]: "INVALID_ARGUMENT",
  [Code.DeadlineExceeded]: "DEADLINE_EXCEEDED",
  [Code.NotFound]: "NOT_FOUND",
  [Code.AlreadyExists]: "ALREADY_EXISTS",
  [Code.PermissionDenied]: "PERMISSION_DENIED",
  [Code.ResourceExhausted]: "RESOURCE_EXHAUSTED",
  [Code.FailedPrecondition]: "FAILED_PRECONDITION",
  [Code.Aborted]: "ABORTED",
  [Code.OutOfRange]: "OUT_OF_RANGE",
  [Code.Unimplemented]: "UNIMPLEMENTED",
  [Code.Internal]: "INTERNAL",
  [Code.Unavailable]: "UNAVAILABLE",
  [Code.DataLoss]: "DATA_LOSS",
  [Code.Unauthenticated]: "UNAUTHENTICATED",
};

/** Reads any error thrown by an atlas-web call (or anything else) as an {@link AtlasError}. */
export function atlasError(reason: unknown): AtlasError {
  const cause = ConnectError.from(reason);
  const badRequest = safeDetails(() => cause.findDetails(BadRequestSchema));
  const retryInfo = safeDetails(() => cause.findDetails(RetryInfoSchema));
  const field = badRequest[0]?.fieldViolations[0]?.field || undefined;
  const delay = retryInfo[0]?.retryDelay;
  const headerDelay = Number(cause.metadata.get("retry-after"));
  const retryAfterMs = delay
    ? Number(delay.seconds) * 1000 + Math.round(delay.nanos / 1e6)
    : Number.isFinite(headerDelay) && headerDelay > 0 ? headerDelay * 1000 : undefined;
  const unreachable = isUnreachable(cause);
  const code = unreachable ? Code.Unavailable : cause.code;
  return {
    code,
    codeName: CODE_NAMES[code] ?? String(code),
    message: cause.rawMessage,
    field,
    retryAfterMs,
    unreachable,
    cause,
  };
}

/**
 * fetch() rejects with a TypeError when nothing answers (server down, DNS, CORS); Connect turns that
 * into UNAVAILABLE or UNKNOWN without HTTP metadata. An HTTP 502/503/504 from a proxy in front of a
 * stopped server is UNAVAILABLE too.
 */
function isUnreachable(e: ConnectError): boolean {
  if (e.code !== Code.Unavailable && e.code !== Code.Unknown) {
    return false;
  }
  if (e.cause instanceof TypeError) {
    return true;
  }
  return e.code === Code.Unavailable && [...e.metadata.keys()].length === 0;
}

function safeDetails<T>(read: () => T[]): T[] {
  try {
    return read();
  } catch {
    return []; // details that don't decode are ignored, never a second error
  }
}
