import { pinyin } from 'pinyin-pro';

/** Full pinyin without tones or spaces (`温州商会` → `wenzhoushanghui`), for search and sorting. */
export function toPinyin(text: string): string {
  return pinyin(text, { toneType: 'none', type: 'array', nonZh: 'consecutive' }).join('').toLowerCase().replace(/\s+/g, '');
}

/** Pinyin initials (`温州商会` → `wzsh`). */
export function toInitials(text: string): string {
  return pinyin(text, { pattern: 'first', toneType: 'none', type: 'array', nonZh: 'consecutive' }).join('').toLowerCase().replace(/\s+/g, '');
}
