import { pinyin } from 'pinyin-pro';

/**
 * Pinyin of a person's name with the first characters read as a surname: 单 shan (not dan),
 * 曾 zeng (not ceng), 解 xie, 仇 qiu, 区 ou; compound surnames (欧阳, 万俟) too. Letters and
 * digits are kept, lower case, everything else (spaces, the · of transliterated names) dropped.
 * ü is written v, as pinyin keyboards type it (吕 → lv).
 */
export function toNamePinyin(name: string): string {
  return pinyin(name, { toneType: 'none', type: 'array', surname: 'head', nonZh: 'consecutive', v: true }).join('').toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');
}

/** Pinyin initials of a name, surname-aware (单雄信 → sxx, 厉育平 → lyp). */
export function toNameInitials(name: string): string {
  return pinyin(name, { pattern: 'first', toneType: 'none', type: 'array', surname: 'head', nonZh: 'consecutive' })
    .join('')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '');
}
