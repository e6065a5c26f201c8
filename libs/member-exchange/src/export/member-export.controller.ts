import { Body, Controller, HttpCode, Post, Res } from '@nestjs/common';
import type { Response } from 'express';
import { Caller, CurrentUser, Permission, RequirePermission } from '@crm/auth';
import { BadInputError } from '@crm/shared';
import { MemberExportInput } from './member-export.input';
import { MemberExportService } from './member-export.service';

/**
 * `POST /members/export` with `{ format, filter?, sort? }` (JSON, bearer token): the members the
 * same filter lists in `members`, as a .csv or .xlsx download. A route, not a GraphQL field,
 * because the answer is a file streamed as it is read.
 */
@Controller('members')
export class MemberExportController {
  constructor(private readonly exports: MemberExportService) {}

  @Post('export')
  @HttpCode(200)
  @RequirePermission(Permission.MemberExport)
  async export(@CurrentUser() caller: Caller, @Body() input: MemberExportInput, @Res() res: Response): Promise<void> {
    // No JSON body at all (or not JSON): the pipe has nothing to validate. The parameter's type must
    // stay the bare class (not `| undefined`), or its design type is Object and the pipe skips it.
    if (!input) throw BadInputError.field('format', 'Send a JSON body with format csv or xlsx');
    await this.exports.export(caller, input, res);
  }
}
