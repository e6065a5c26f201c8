export default function TodosPage() { return null; }
