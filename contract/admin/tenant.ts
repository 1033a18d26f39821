import { z } from "zod";
import { CountryCodeSchema, EmailSchema, HttpsUrlSchema, OriginSchema, TenantId } from "./common";

const Colour = z.string().regex(/^#[0-9a-fA-F]{6}$/, "a #rrggbb colour");

export const BrandingSchema = z.strictObject({
  name: z.string().trim().min(1).max(80).optional(),
  logoUrl: HttpsUrlSchema.optional(),
  primaryColor: Colour.optional(),
  backgroundColor: Colour.optional(),
});

/** What the widget shows when self-service cannot help: the tenant's helpdesk. */
export const HelpdeskSchema = z.strictObject({
  text: z.string().trim().max(500).default("Contact your administrator to reset your password."),
  link: HttpsUrlSchema.optional(),
  email: EmailSchema.optional(),
});

const tenantFields = {
  displayName: z.string().trim().min(1).max(120),
  allowedOrigins: z.array(OriginSchema).max(50),
  homeCountries: z.array(CountryCodeSchema).min(1).max(20),
  branding: BrandingSchema,
  helpdesk: HelpdeskSchema,
};

export const CreateTenantSchema = z.strictObject({
  id: TenantId,
  displayName: tenantFields.displayName,
  allowedOrigins: tenantFields.allowedOrigins.default([]),
  homeCountries: tenantFields.homeCountries.default(["US"]),
  branding: tenantFields.branding.default({}),
  helpdesk: tenantFields.helpdesk.default({ text: "Contact your administrator to reset your password." }),
});
export type CreateTenant = z.output<typeof CreateTenantSchema>;

export const UpdateTenantSchema = z
  .strictObject({
    displayName: tenantFields.displayName,
    allowedOrigins: tenantFields.allowedOrigins,
    homeCountries: tenantFields.homeCountries,
    branding: tenantFields.branding,
    helpdesk: tenantFields.helpdesk,
  })
  .partial();
export type UpdateTenant = z.output<typeof UpdateTenantSchema>;

export interface Tenant extends Omit<CreateTenant, "homeCountries"> {
  homeCountries: string[];
  createdAt: string;
  updatedAt: string;
}

/** The part of a tenant that the widget may read without credentials. */
export type PublicTenantConfig = Pick<Tenant, "id" | "displayName" | "branding" | "helpdesk">;
