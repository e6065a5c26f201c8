import { registerDecorator, ValidationArguments } from 'class-validator';

/** Today in the server's calendar, as YYYY-MM-DD. */
export function today(): string {
  return new Date().toISOString().slice(0, 10);
}

function isCalendarDate(value: unknown): value is string {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value && value >= '1900-01-01';
}

/**
 * A real calendar date written YYYY-MM-DD (2024-02-30 is refused), from 1900 on; with
 * `notFuture`, not after today (founding dates, event dates).
 */
export function IsCalendarDate(options: { notFuture?: boolean } = {}): PropertyDecorator {
  return (target: object, propertyName: string | symbol) => {
    registerDecorator({
      name: 'isCalendarDate',
      target: target.constructor,
      propertyName: propertyName as string,
      validator: {
        validate: (value: unknown) => isCalendarDate(value) && (!options.notFuture || value <= today()),
        defaultMessage: (args?: ValidationArguments) =>
          `${args?.property ?? 'date'} must be a date written YYYY-MM-DD${options.notFuture ? ', not in the future' : ''}`,
      },
    });
  };
}
