import { createContext } from "preact";
import { useContext } from "preact/hooks";
import type { EmbedFlow } from "#contract/embed/options";
import type { I18n } from "../i18n/i18n";
import type { FlowModel } from "../models/flow";

/** What every step component reads: the flow's model, the translations, and which flow it is. */
export interface WidgetContext {
  model: FlowModel;
  i18n: I18n;
  flow: EmbedFlow;
}

export const Widget = createContext<WidgetContext | null>(null);

export function useWidget(): WidgetContext {
  const context = useContext(Widget);
  if (!context) throw new Error("step rendered outside a widget");
  return context;
}
