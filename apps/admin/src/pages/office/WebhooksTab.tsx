export default function WebhooksTab() {
  return null;
}
