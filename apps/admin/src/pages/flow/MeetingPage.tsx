export default function MeetingPage() { return null; }
