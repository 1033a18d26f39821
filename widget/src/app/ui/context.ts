import { createContext } from "preact";
import { useContext } from "preact/hooks";
import type { EmbedFlow } from "#contract/embed/options";
import type { ComponentType } from "preact";
import type { I18n } from "../i18n/i18n";
import type { FlowModel } from "../models/flow";

/** What every step component reads: the flow's model, the translations, and which flow it is. */
export interface WidgetContext {
  model: FlowModel;
  i18n: I18n;
  flow: EmbedFlow;
  /** For a step that opens "My security info" in its place (a sign-in gate), with a token:
   * its model and the view that draws it. Given by the app, so that steps' chunks need not
   * import the model and the view themselves (which would split them out of the first step). */
  nest?: (token: string) => { model: FlowModel; Body: ComponentType };
}

export const Widget = createContext<WidgetContext | null>(null);

export function useWidget(): WidgetContext {
  const context = useContext(Widget);
  if (!context) throw new Error("step rendered outside a widget");
  return context;
}
