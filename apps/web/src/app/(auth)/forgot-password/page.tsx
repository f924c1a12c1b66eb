import { ForgotPasswordForm } from "@/modules/auth/components/auth-forms";

export const metadata = { title: "Reset your password" };

export default function ForgotPasswordPage() {
  return (
    <>
      <h1 className="mb-1 text-xl font-semibold">Reset your password</h1>
      <p className="mb-5 text-sm text-slate-600">We will e-mail you a link to choose a new one.</p>
      <ForgotPasswordForm />
    </>
  );
}
