/**
 * WebOTP (Chrome on Android): the browser offers the code from an SMS that ends with
 * `@<the page's host> #<code>`, and the user taps once instead of typing. The widget runs in the
 * partner's page, so the SMS must name the partner's host. Elsewhere this does nothing.
 */
interface OtpCredential extends Credential {
  code: string;
}

export function listenForSmsCode(onCode: (code: string) => void): () => void {
  if (typeof window === "undefined" || !("OTPCredential" in window) || !navigator.credentials) return () => {};
  const abort = new AbortController();
  navigator.credentials
    .get({ otp: { transport: ["sms"] }, signal: abort.signal } as CredentialRequestOptions)
    .then((credential) => {
      const code = (credential as OtpCredential | null)?.code;
      if (code) onCode(code);
    })
    .catch(() => {
      // Dismissed, aborted, or not allowed here: typing the code still works.
    });
  return () => abort.abort();
}
