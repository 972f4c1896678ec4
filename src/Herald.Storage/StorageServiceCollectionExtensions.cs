using Herald.Storage.Infrastructure;
using Herald.Storage.Stores;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Herald.Storage;

public static class StorageServiceCollectionExtensions
{
    /// <summary>Registers the database (SQLite or PostgreSQL by <c>Storage:Provider</c>), the migrator and the stores.</summary>
    public static IServiceCollection AddHeraldStorage(this IServiceCollection services, IConfiguration configuration)
    {
        Sql.Configure();
        services.AddOptions<StorageOptions>().Bind(configuration.GetSection(StorageOptions.Section))
            .Validate(o => o.Engine is StorageEngine.Sqlite or StorageEngine.Postgres, "Storage:Provider must be sqlite or postgres")
            .ValidateOnStart();
        services.AddSingleton<Database>();
        services.AddSingleton<Migrator>();
        services.AddSingleton<MessageStore>();
        services.AddSingleton<QueueStore>();
        services.AddSingleton<StateStore>();
        services.AddSingleton<WorkspaceStore>();
        services.AddSingleton<UserStore>();
        services.AddSingleton<IntegrationStore>();
        services.AddSingleton<WebhookStore>();
        services.AddSingleton<OctopodsIdStore>();
        services.AddSingleton<TemplateStore>();
        services.AddSingleton<ContactStore>();
        services.AddSingleton<ContactImportStore>();
        services.AddSingleton<BroadcastStore>();
        services.AddSingleton<IdempotencyStore>();
        services.AddSingleton<SandboxStore>();
        return services;
    }
}
