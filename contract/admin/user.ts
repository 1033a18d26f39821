import { z } from "zod";
import { EmailSchema, ResourceId } from "./common";

export const RoleSchema = z.enum(["user", "admin"]);
export type Role = z.infer<typeof RoleSchema>;

/** UPN-style user name: `alice@contoso.com`, or a plain login name. Compared case-insensitively. */
export const UserNameSchema = z
  .string()
  .trim()
  .min(1)
  .max(113)
  .regex(/^[A-Za-z0-9._%+'-]+(@[A-Za-z0-9.-]+\.[A-Za-z]{2,})?$/, "a user name such as alice@contoso.com");

const userFields = {
  userName: UserNameSchema,
  displayName: z.string().trim().min(1).max(256),
  emails: z.array(EmailSchema).max(10),
  /** A profile phone number; parsed to E.164 against the tenant's home country. */
  mobilePhone: z.string().trim().min(3).max(32).nullable(),
  roles: z.array(RoleSchema).min(1).max(2),
  groups: z.array(ResourceId).max(100),
  accountEnabled: z.boolean(),
  locked: z.boolean(),
};

/**
 * Graph's `passwordProfile`: an initial password an admin sets when creating a user. It is
 * checked against the tenant's password policy, stored only as a hash, and never returned.
 */
export const PasswordProfileSchema = z.strictObject({
  password: z.string().min(1).max(1024),
  /** Defaults to true: a password someone else chose should be replaced at first sign-in. */
  forceChangePasswordNextSignIn: z.boolean().default(true),
});
export type PasswordProfile = z.output<typeof PasswordProfileSchema>;

export const CreateUserSchema = z.strictObject({
  userName: userFields.userName,
  displayName: userFields.displayName,
  emails: userFields.emails.default([]),
  mobilePhone: userFields.mobilePhone.default(null),
  roles: userFields.roles.default(["user"]),
  groups: userFields.groups.default([]),
  accountEnabled: userFields.accountEnabled.default(true),
  locked: userFields.locked.default(false),
  passwordProfile: PasswordProfileSchema.optional(),
});
export type CreateUser = z.output<typeof CreateUserSchema>;

export const UpdateUserSchema = z.strictObject(userFields).partial();
export type UpdateUser = z.output<typeof UpdateUserSchema>;

export interface User {
  id: string;
  userName: string;
  displayName: string;
  emails: string[];
  /** Masked in every admin response: a leaked admin key must not hand out numbers for SIM swaps. */
  mobilePhone: string | null;
  roles: Role[];
  groups: string[];
  accountEnabled: boolean;
  locked: boolean;
  createdAt: string;
  updatedAt: string;
}

/**
 * A tiny, Graph-shaped `$filter`: clauses joined by `and`, each `field eq 'value'`,
 * `field eq true|false` or `startswith(field,'value')`.
 */
export const FilterableUserFields = ["userName", "displayName", "role", "group", "accountEnabled", "locked"] as const;
export type FilterableUserField = (typeof FilterableUserFields)[number];

export const UserListQuery = z.strictObject({
  $top: z.coerce.number().int().min(1).max(100).default(25),
  $skiptoken: z.string().max(200).optional(),
  $filter: z.string().max(500).optional(),
  $search: z.string().trim().min(1).max(100).optional(),
});

export const CreateGroupSchema = z.strictObject({
  displayName: z.string().trim().min(1).max(256),
  description: z.string().trim().max(1024).default(""),
});
export const UpdateGroupSchema = CreateGroupSchema.partial();
export type CreateGroup = z.output<typeof CreateGroupSchema>;
export type UpdateGroup = z.output<typeof UpdateGroupSchema>;

export interface Group {
  id: string;
  displayName: string;
  description: string;
  createdAt: string;
}
