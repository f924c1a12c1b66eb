// Starts a website import (or re-import) off the request: the page or API call
// returns at once and the source row carries the progress. Without a job
// system on main yet, the import runs in this web process; a restart mid-import
// leaves the source RUNNING until it is re-imported.
import { importWebsite } from "@articulate/knowledge";
import { privateDestinationsBlocked } from "@articulate/webhooks";
import { webLogger } from "@/lib/log";

export function startWebsiteImport(tenantId: string, sourceId: string): void {
  void importWebsite(tenantId, sourceId, { allowPrivateAddresses: !privateDestinationsBlocked() }).catch((err) =>
    webLogger().error({ err, tenantId, sourceId }, "website import failed"),
  );
}
