import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Caller, CurrentUser, Permission, RequirePermission } from '@crm/auth';
import { ConnectionArgs, ConnectionResult, ParseIdPipe } from '@crm/shared';
import { ApiKeyConnection, ApiKeyDto, CreatedApiKeyDto } from '../dtos/api-key.dto';
import { CreateApiKeyInput } from '../dtos/inputs/api-key.inputs';
import { ApiKeyService } from '../services/api-key.service';

@Resolver(() => ApiKeyDto)
export class ApiKeyResolver {
  constructor(private readonly keys: ApiKeyService) {}

  @Query(() => ApiKeyConnection, { nullable: true, description: 'API keys, newest first (admins). The secrets are never shown again.' })
  @RequirePermission(Permission.ApiKeyManage)
  apiKeys(@CurrentUser() caller: Caller, @Args() args: ConnectionArgs): Promise<ConnectionResult<ApiKeyDto>> {
    return this.keys.list(caller, args);
  }

  @Mutation(() => CreatedApiKeyDto, { description: 'Make a key for a machine client. The returned `key` is shown this once.' })
  @RequirePermission(Permission.ApiKeyManage)
  createApiKey(@CurrentUser() caller: Caller, @Args('input') input: CreateApiKeyInput): Promise<CreatedApiKeyDto> {
    return this.keys.create(caller, input);
  }

  @Mutation(() => ApiKeyDto, { description: 'Revoke a key: refused from its next request on.' })
  @RequirePermission(Permission.ApiKeyManage)
  revokeApiKey(@CurrentUser() caller: Caller, @Args('id', { type: () => ID }, ParseIdPipe) id: string): Promise<ApiKeyDto> {
    return this.keys.revoke(caller, id);
  }
}
