import { useRef } from "preact/hooks";
import { useWidget } from "../ui/context";
import { QrCode } from "./qr-code";
import { CodeForm } from "./verify-code";

/**
 * Adding an authenticator app: the otpauth URI as a QR code to scan, the secret as text for
 * those who cannot scan (spaced in fours, as apps show keys), then the app's first code. The
 * server sends the secret once, in the answer that made it; it is kept here for the refusals
 * (a mistyped code) that come back without it.
 */
export default function VerifyTotp() {
  const { model, i18n } = useWidget();
  const shown = useRef(model.flow.peek()?.ui.totp);
  const totp = model.flow.value?.ui.totp ?? shown.current;
  if (totp) shown.current = totp;
  return (
    <CodeForm title={i18n.t("totp.title")} back="cancel">
      {totp && (
        <div class="totp">
          <QrCode text={totp.uri} label={i18n.t("totp.qr")} />
          <p>
            {i18n.t("totp.cantScan")} <code class="secret">{totp.secret.replace(/(.{4})(?=.)/g, "$1 ")}</code>
          </p>
        </div>
      )}
    </CodeForm>
  );
}
