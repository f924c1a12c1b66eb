// Compile-time check: recordCallUsage accepts transactions of every client the calls lifecycle may use.
import { db, forTenant, platformDb } from "@articulate/db";
import { recordCallUsage } from "../src/index";

const call = { id: "c", tenantId: "t", direction: "INBOUND" as const, answeredAt: null, endedAt: new Date() };
export const viaGuarded = () => db().$transaction((tx) => recordCallUsage(tx, call));
export const viaScoped = () => forTenant("t").$transaction((tx) => recordCallUsage(tx, call));
export const viaPlatform = () => platformDb().$transaction((tx) => recordCallUsage(tx, call));
