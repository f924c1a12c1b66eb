export { default } from "@/components/ui/loading-page";
