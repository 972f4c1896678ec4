using Herald.Engine.Contacts;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Herald.Engine;

public static class ContactImportServiceCollectionExtensions
{
    /// <summary>Registers <see cref="ContactImporter"/> and binds <see cref="ImportOptions"/> (section <c>Herald:Imports</c>).</summary>
    public static IServiceCollection AddContactImport(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ImportOptions>().Bind(configuration.GetSection(ImportOptions.Section))
            .Validate(o => o.MaxBytes > 0, "Herald:Imports:MaxBytes must be positive")
            .Validate(o => o.BatchSize is > 0 and <= 50_000, "Herald:Imports:BatchSize must be between 1 and 50000")
            .ValidateOnStart();
        services.AddSingleton<ContactImporter>();
        return services;
    }
}
