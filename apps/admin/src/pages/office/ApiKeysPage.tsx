export default function ApiKeysPage() {
  return null;
}
