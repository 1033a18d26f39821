/**
 * The demo tenant `npm start` seeds: a few users with registered methods and one admin. Phone
 * numbers are in the 555-01xx range reserved for fiction; messages only ever reach the dev outbox.
 */
export const demoTenantId = "demo";

/** Carol's password, for signing in to the admin console of the demo tenant. Demo data only. */
export const demoAdminPassword = "Harbor-Lantern-Quartz-58";

export function demoTenant(demoOrigins) {
  return {
    id: demoTenantId,
    displayName: "Contoso (demo)",
    allowedOrigins: demoOrigins,
    homeCountries: ["US"],
    branding: { name: "Contoso", primaryColor: "#0f6cbd", backgroundColor: "#ffffff" },
    helpdesk: {
      text: "Call the Contoso helpdesk on +1 425 555 0100, 8am–6pm.",
      link: "https://contoso.example/helpdesk",
      email: "helpdesk@contoso.example",
    },
  };
}

export const demoGroups = [{ key: "pilot", displayName: "SSPR pilot", description: "Users in the reset pilot" }];

export const demoUsers = [
  {
    user: { userName: "alice@contoso.example", displayName: "Alice Example", emails: ["alice@contoso.example"], groups: ["pilot"] },
    phones: [{ phoneNumber: "+1 201 555 0101", phoneType: "mobile" }],
    emails: ["alice.personal@example.org"],
  },
  {
    user: { userName: "bob@contoso.example", displayName: "Bob Example", emails: ["bob@contoso.example"] },
    phones: [{ phoneNumber: "+1 201 555 0102", phoneType: "mobile" }],
    emails: [],
  },
  {
    // The admin who signs in to the console (/admin): this password, then a code to a phone.
    user: {
      userName: "carol@contoso.example",
      displayName: "Carol Admin",
      emails: ["carol@contoso.example"],
      roles: ["user", "admin"],
      passwordProfile: { password: demoAdminPassword, forceChangePasswordNextSignIn: false },
    },
    phones: [
      { phoneNumber: "+1 201 555 0103", phoneType: "mobile" },
      { phoneNumber: "+1 425 555 0104", phoneType: "office" },
    ],
    emails: ["carol.personal@example.org"],
  },
  {
    user: { userName: "dave@contoso.example", displayName: "Dave Unregistered", emails: ["dave@contoso.example"] },
    phones: [],
    emails: [],
  },
  {
    user: { userName: "erin@contoso.example", displayName: "Erin Locked", emails: ["erin@contoso.example"], locked: true },
    phones: [{ phoneNumber: "+1 201 555 0105", phoneType: "mobile" }],
    emails: ["erin.personal@example.org"],
  },
];
