// One page of call history for the dashboard and the CSV export: the shared
// read model (@articulate/db listTenantCalls, transcript search included) with
// the dashboard's filters, and its errors in the owner's words.
import { CallListQueryError, type CallPage, listTenantCalls } from "@articulate/db";
import { type CallFilters, filterRange } from "./filters";

export class CallHistoryError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

const INVALID_PAGE_LINK = "That page link is no longer valid; start from the newest calls.";

export async function loadCallHistory(
  tenantId: string,
  timeZone: string,
  filters: CallFilters,
  limit: number,
): Promise<CallPage> {
  try {
    return await listTenantCalls(tenantId, {
      limit,
      after: filters.after,
      status: filters.status,
      direction: filters.direction,
      agentId: filters.agent,
      phoneNumberId: filters.number,
      search: filters.q || undefined,
      ...filterRange(filters, timeZone),
    });
  } catch (err) {
    if (err instanceof CallListQueryError)
      throw new CallHistoryError(err.field, err.field === "after" ? INVALID_PAGE_LINK : err.message);
    throw err;
  }
}
