"use server";
// API keys from the dashboard: create (the key is returned once, to show once) and revoke.
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { ActionError, notFoundInTenant, withTenantAction } from "@/lib/authz/action";
import { ApiKeyLimitError, apiKeyNameSchema, createApiKey, revokeApiKey } from "./keys";

export const createApiKeyAction = withTenantAction(
  z.object({ name: apiKeyNameSchema }),
  { role: "ADMIN" },
  async (input, { tenant, user }) => {
    try {
      const { key, secret } = await createApiKey(tenant.id, { name: input.name, createdById: user.id });
      revalidatePath(`/t/${tenant.slug}/settings/api-keys`);
      return { id: key.id, name: key.name, secret };
    } catch (err) {
      if (err instanceof ApiKeyLimitError) throw new ActionError(err.message, { field: "name", code: 409 });
      throw err;
    }
  },
);

export const revokeApiKeyAction = withTenantAction(
  z.object({ keyId: z.string().min(1).max(64) }),
  { role: "ADMIN" },
  async (input, { tenant, user }) => {
    if (!(await revokeApiKey(tenant.id, input.keyId, user.id))) throw notFoundInTenant("API key");
    revalidatePath(`/t/${tenant.slug}/settings/api-keys`);
    return { keyId: input.keyId };
  },
  { successMessage: "Key revoked; requests with it now get 401." },
);
