import { LoadingPage } from "@/components/ui/layout";

export default function Loading() {
  return <LoadingPage label="Loading the admin console" />;
}
