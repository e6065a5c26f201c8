export default function SendNoticePage() { return null; }
