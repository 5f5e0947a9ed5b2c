/**
 * The de-identifying transformations of the research export (Safe Harbor, 45 CFR 164.514(b)(2)):
 * random study ids, ages in groups with every age over 89 as one, dates as days from enrollment.
 * Pure, but for the study id's randomness.
 *
 * @module
 */
import { randomBytes } from 'node:crypto';
import { daysBetweenIsoDates, isIsoDate, wholeYearsBetweenIsoDates } from '@kairos/core';
import { RESEARCH_OLDEST_AGE_GROUP } from '@kairos/api';

/**
 * A study id's characters: the digits 2 to 9 and the consonants but L and Y. Without a vowel no id
 * spells a name or a word; without 0, 1, O, I and L none is misread when copied by hand.
 */
export const STUDY_ID_ALPHABET = '23456789BCDFGHJKMNPQRSTVWXZ';
/** 12 characters of 27: about 57 bits, so that ids of different patients practically never collide (the table refuses a duplicate). */
export const STUDY_ID_LENGTH = 12;

/** Bytes at or above this are drawn again: 243 is 9 * 27, so `byte % 27` is uniform below it. */
const UNBIASED_BELOW = 256 - (256 % STUDY_ID_ALPHABET.length);

/** A new study id: random (crypto), derived from nothing about the patient (164.514(c)(1)). */
export function newStudyId(): string {
  let id = '';
  while (id.length < STUDY_ID_LENGTH) {
    for (const byte of randomBytes(2 * STUDY_ID_LENGTH)) {
      if (byte >= UNBIASED_BELOW) continue;
      id += STUDY_ID_ALPHABET[byte % STUDY_ID_ALPHABET.length];
      if (id.length === STUDY_ID_LENGTH) break;
    }
  }
  return id;
}

/** Width of an age group, years. */
const AGE_GROUP_YEARS = 5;
/** The first age grouped as one (Safe Harbor: ages over 89). */
const OLDEST_FROM_YEARS = 90;

/** An age in whole years as its group: `35-39`; 90 and over `90 or older`; null for no age (negative, not a number). */
export function ageGroupOf(years: number): string | null {
  if (!Number.isInteger(years) || years < 0) return null;
  if (years >= OLDEST_FROM_YEARS) return RESEARCH_OLDEST_AGE_GROUP;
  const from = Math.floor(years / AGE_GROUP_YEARS) * AGE_GROUP_YEARS;
  return `${from}-${from + AGE_GROUP_YEARS - 1}`;
}

/** The age group on `day` (YYYY-MM-DD) of someone born on `birthDate`; null when either is not a date or the birth is later. */
export function ageGroupOn(birthDate: string, day: string): string | null {
  if (!isIsoDate(birthDate) || !isIsoDate(day) || birthDate > day) return null;
  return ageGroupOf(wholeYearsBetweenIsoDates(birthDate, day));
}

/** A site-local day as days from the enrollment day (day 0); null stays null. */
export function dayFrom(enrollmentDay: string, day: string | null): number | null {
  return day === null ? null : daysBetweenIsoDates(enrollmentDay, day);
}
