import { render } from "preact";
import { browserLocale } from "../../lib/i18n/i18n";
import { App } from "./App";

// The page is written in the browser's language (of the five); screen readers read it as such.
document.documentElement.lang = browserLocale();
render(<App />, document.getElementById("app")!);
