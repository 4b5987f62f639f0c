// Keeps one broken widget from taking the page down: its box shows what went wrong.
import { Component, type ReactNode } from "react";

interface Props {
  widgetName: string;
  children: ReactNode;
}

export class WidgetErrorBoundary extends Component<Props, { error: Error | null }> {
  state = { error: null as Error | null };

  static getDerivedStateFromError(error: Error) {
    return { error };
  }

  render() {
    if (this.state.error) {
      return (
        <div className="unknown-widget" role="note">
          {`${this.props.widgetName} could not be drawn: ${this.state.error.message}`}
        </div>
      );
    }
    return this.props.children;
  }
}
