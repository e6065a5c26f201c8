import { Query, Resolver } from '@nestjs/graphql';
import { Public } from '@crm/auth';
import { registeredReasons } from '@crm/shared';
import { ErrorReasonDto } from './error-reason.dto';

/**
 * The error catalogue as data, so a client can show its own texts per reason. It lives in the
 * application, not in @crm/shared where the catalogue is kept: declaring the permission needs
 * @crm/auth, which depends on shared (not the other way round), and only the application has
 * loaded every library's catalogue.
 */
@Resolver()
export class ErrorCatalogueResolver {
  // Public: the sign-in page shows refusals before there is a token, and the list holds only
  // message templates, which any caller reads in the errors it gets anyway.
  @Public()
  @Query(() => [ErrorReasonDto], {
    description: 'Every refusal reason the libraries declare, with its code and the English and Chinese message templates.',
  })
  errorCatalogue(): ErrorReasonDto[] {
    return registeredReasons().map(ErrorReasonDto.from);
  }
}
