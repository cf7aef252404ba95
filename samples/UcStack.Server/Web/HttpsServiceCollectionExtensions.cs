using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using UcStack.Server.Web;

namespace UcStack.Server;

/// <summary>Adds the HTTPS services to the server's host.</summary>
internal static class HttpsServiceCollectionExtensions
{
    /// <summary>
    /// Binds <c>Server:Https</c> and registers the hosted service that runs the HTTPS services (address book,
    /// distribution groups, meeting content, C3P binding) in their own Kestrel application. Register it after the SIP
    /// service, so the SIP listener makes the shared development certificate first.
    /// </summary>
    /// <param name="services">The host's services.</param>
    /// <param name="configuration">The root configuration (the <c>Server</c> section is read from it).</param>
    /// <returns><paramref name="services"/>.</returns>
    public static IServiceCollection AddUcHttpsServices(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.Configure<HttpsServiceOptions>(configuration.GetSection(HttpsServiceOptions.SectionName));
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<HttpsServerService>();
        services.AddHostedService(provider => provider.GetRequiredService<HttpsServerService>());
        return services;
    }
}
