import { Injectable } from '@nestjs/common';
import { Caller } from '@crm/auth';

export interface TodoItem {
  kind: string;
  id: string;
  title: string;
  dueAt: Date | null;
  overdue: boolean;
}

export type TodoSource = (caller: Caller) => Promise<TodoItem[]>;

/**
 * Where the to-do list gathers from: notices and requests here, meetings from libs/event (which
 * registers itself at start-up, so this library does not import it).
 */
@Injectable()
export class TodoSources {
  private readonly sources: TodoSource[] = [];

  register(source: TodoSource): void {
    this.sources.push(source);
  }

  async collect(caller: Caller): Promise<TodoItem[]> {
    const all = (await Promise.all(this.sources.map((s) => s(caller)))).flat();
    // Soonest due first; undated last.
    return all.sort((a, b) => (a.dueAt ? new Date(a.dueAt).getTime() : Infinity) - (b.dueAt ? new Date(b.dueAt).getTime() : Infinity));
  }
}
