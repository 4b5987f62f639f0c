// Entry point: the routes of the front end.
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { BrowserRouter, Route, Routes } from "react-router";
import { ToastProvider } from "./components/Toasts";
import { LoginPage, SignupPage } from "./pages/AuthPages";
import { HomePage } from "./pages/HomePage";
import { ViewerPage } from "./pages/ViewerPage";
import { NotFoundPage } from "./pages/ErrorPages";
import { EditorPage } from "./editor/EditorPage";
import { AdminSettingsPage } from "./admin/AdminSettingsPage";
import "./styles.css";

createRoot(document.getElementById("root")!).render(
  <StrictMode>
    <ToastProvider>
      <BrowserRouter>
        <Routes>
          <Route path="/" element={<HomePage />} />
          <Route path="/applications" element={<HomePage />} />
          <Route path="/user/login" element={<LoginPage />} />
          <Route path="/user/signup" element={<SignupPage />} />
          <Route path="/app/:appSlug/:pageSegment" element={<ViewerPage />} />
          <Route path="/app/:appSlug/:pageSegment/edit" element={<EditorPage />} />
          <Route path="/settings/general" element={<AdminSettingsPage />} />
          <Route path="*" element={<NotFoundPage />} />
        </Routes>
      </BrowserRouter>
    </ToastProvider>
  </StrictMode>,
);
