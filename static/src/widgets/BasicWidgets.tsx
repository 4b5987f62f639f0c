// Display widgets: Text, Button, Icon button, Image, Divider, and the placeholder for
// widget types this runtime does not know. All user text is rendered as text.
import { useContext, useState } from "react";
import { FormContext, useRuntime, useWidget, useWidgetEvents } from "./context";
import { useFormValid } from "./formState";
import type { WidgetProps } from "./types";

const str = (v: unknown) => (v === undefined || v === null ? "" : String(v));

const FONT_SIZES: Record<string, string> = { "0.875rem": "0.875rem", "1rem": "1rem", "1.25rem": "1.25rem", "1.5rem": "1.5rem", "1.875rem": "1.875rem", "3rem": "3rem", PARAGRAPH: "1rem", PARAGRAPH2: "0.875rem", HEADING1: "1.5rem", HEADING2: "1.25rem", HEADING3: "1.1rem" };

export function TextWidget({ node }: WidgetProps) {
  const s = useWidget(node.widgetName);
  return (
    <div
      className="text-widget"
      style={{
        fontSize: FONT_SIZES[str(s.fontSize)] ?? (str(s.fontSize) || undefined),
        textAlign: (str(s.textAlign).toLowerCase() || "left") as "left",
        color: str(s.textColor) || undefined,
        fontWeight: s.fontStyle === "BOLD" ? 700 : undefined,
      }}
    >
      {str(s.text)}
    </div>
  );
}

export function ButtonWidget({ node }: WidgetProps) {
  const s = useWidget(node.widgetName);
  const { trigger } = useWidgetEvents(node.widgetName);
  const runtime = useRuntime();
  const form = useContext(FormContext);
  const formValid = useFormValid(form);
  // Busy while its handler runs (queries included), so a second click cannot repeat it.
  const [busy, setBusy] = useState(false);
  const disabled = busy || !!s.isDisabled || (!!s.disabledWhenInvalid && !formValid);
  // Inside a Form, a submit button also runs the form's onSubmit, and a reset button
  // (or one with "reset form on success") returns the form's inputs to their defaults.
  const onClick = async () => {
    setBusy(true);
    try {
      await trigger("onClick");
      if (form && s.buttonType === "SUBMIT") await runtime.trigger(form, "onSubmit");
      if (form && (s.buttonType === "RESET" || s.resetFormOnClick)) runtime.reset(form);
    } finally {
      setBusy(false);
    }
  };
  const variant = str(s.buttonVariant) || "PRIMARY";
  return (
    <button
      className={`button-widget variant-${variant.toLowerCase()}`}
      style={variant === "PRIMARY" ? { background: str(s.buttonColor) || undefined } : { color: str(s.buttonColor) || undefined }}
      disabled={disabled}
      title={str(s.tooltip) || undefined}
      onClick={onClick}
      type="button"
      data-button-type={str(s.buttonType) || undefined}
      aria-busy={busy || undefined}
    >
      {str(s.text)}
    </button>
  );
}

const ICONS: Record<string, string> = { plus: "+", add: "+", minus: "−", cross: "×", delete: "🗑", trash: "🗑", edit: "✎", search: "🔍", refresh: "⟳", download: "⭳", upload: "⭱", tick: "✓", "arrow-right": "→", "arrow-left": "←", home: "⌂", settings: "⚙", cog: "⚙", star: "★", heart: "♥", info: "ℹ" };

export function IconButtonWidget({ node }: WidgetProps) {
  const s = useWidget(node.widgetName);
  const { trigger } = useWidgetEvents(node.widgetName);
  const icon = str(s.iconName);
  return (
    <button
      className="icon-button-widget"
      aria-label={str(s.tooltip) || icon || node.widgetName}
      title={str(s.tooltip) || icon}
      style={{ background: str(s.buttonColor) || undefined }}
      disabled={!!s.isDisabled}
      onClick={() => trigger("onClick")}
      type="button"
    >
      {ICONS[icon] ?? "•"}
    </button>
  );
}

export function ImageWidget({ node }: WidgetProps) {
  const s = useWidget(node.widgetName);
  const { trigger } = useWidgetEvents(node.widgetName);
  const src = str(s.image) || str(s.defaultImage);
  if (!src) return <div className="image-widget empty">No image</div>;
  return (
    <img
      className="image-widget"
      src={src}
      alt={str(s.alt) || ""}
      style={{ objectFit: (str(s.objectFit) || "contain") as "contain", borderRadius: s.imageShape === "CIRCLE" ? "50%" : undefined }}
      onClick={() => trigger("onClick")}
    />
  );
}

export function DividerWidget({ node }: WidgetProps) {
  const s = useWidget(node.widgetName);
  const vertical = s.orientation === "vertical";
  return <div className={`divider-widget ${vertical ? "vertical" : "horizontal"}`} role="separator" style={{ borderColor: str(s.color) || undefined }} />;
}

export function UnknownWidget({ node }: WidgetProps) {
  return (
    <div className="unknown-widget" data-testid="unknown-widget">
      {`${node.widgetName}: the ${node.type} widget is not supported by this viewer yet`}
    </div>
  );
}
