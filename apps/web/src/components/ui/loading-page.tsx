import { LoadingPage } from "./layout";

/** Default export for route segments' loading.tsx files. */
export default function SegmentLoading() {
  return <LoadingPage />;
}
