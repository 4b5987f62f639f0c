// Widget type (Appsmith's names) → the component that draws it. Unknown types get a
// labelled placeholder instead of breaking the page.
import type { ComponentType } from "react";
import { ButtonWidget, DividerWidget, IconButtonWidget, ImageWidget, TextWidget, UnknownWidget } from "./BasicWidgets";
import { ChartWidget } from "./ChartWidget";
import { CheckboxGroupWidget, CheckboxWidget, DatePickerWidget, FilePickerWidget, InputWidget, RadioGroupWidget, SwitchWidget } from "./InputWidgets";
import { ContainerWidget, FormWidget, ListWidget, ModalWidget, TabsWidget } from "./LayoutWidgets";
import { MultiSelectWidget, SelectWidget } from "./SelectWidgets";
import { TableWidget } from "./TableWidget";
import type { WidgetProps } from "./types";

const REGISTRY: Record<string, ComponentType<WidgetProps>> = {
  TEXT_WIDGET: TextWidget,
  BUTTON_WIDGET: ButtonWidget,
  ICON_BUTTON_WIDGET: IconButtonWidget,
  INPUT_WIDGET_V2: InputWidget,
  TABLE_WIDGET_V2: TableWidget,
  SELECT_WIDGET: SelectWidget,
  MULTI_SELECT_WIDGET_V2: MultiSelectWidget,
  CHECKBOX_WIDGET: CheckboxWidget,
  CHECKBOX_GROUP_WIDGET: CheckboxGroupWidget,
  SWITCH_WIDGET: SwitchWidget,
  RADIO_GROUP_WIDGET: RadioGroupWidget,
  DATE_PICKER_WIDGET2: DatePickerWidget,
  IMAGE_WIDGET: ImageWidget,
  CONTAINER_WIDGET: ContainerWidget,
  FORM_WIDGET: FormWidget,
  MODAL_WIDGET: ModalWidget,
  TABS_WIDGET: TabsWidget,
  CHART_WIDGET: ChartWidget,
  LIST_WIDGET_V2: ListWidget,
  FILE_PICKER_WIDGET_V2: FilePickerWidget,
  DIVIDER_WIDGET: DividerWidget,
};

export function componentFor(type: string): ComponentType<WidgetProps> {
  return REGISTRY[type] ?? UnknownWidget;
}
