using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Vrsky.Chat.Contracts;
using Vrsky.Gateway.Auth;
using Vrsky.Gateway.Chats;
using Vrsky.Gateway.Delivery;
using Vrsky.Gateway.RateLimiting;
using Vrsky.Gateway.Realtime;

namespace Vrsky.Gateway.Extensions;

internal static class Extensions
{
    public static IHostApplicationBuilder AddGatewayServices(this IHostApplicationBuilder builder)
    {
        builder.AddChatInfrastructure();
        builder.AddRedisClient("redis");
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.Configure<AuthOptions>(builder.Configuration.GetSection(AuthOptions.SectionName));
        builder.Services.Configure<RateLimitOptions>(builder.Configuration.GetSection(RateLimitOptions.SectionName));
        builder.Services.Configure<RealtimeOptions>(builder.Configuration.GetSection(RealtimeOptions.SectionName));

        // Error answers are problem details, including the empty 400s of requests that do not bind.
        builder.Services.AddProblemDetails();
        builder.Services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = false);
        builder.Services.Configure<JsonOptions>(o => o.SerializerOptions.MaxDepth = 16);
        // Kestrel's 30 MB default would let any client make the gateway buffer and parse that much per request.
        builder.Services.Configure<KestrelServerOptions>(o => o.Limits.MaxRequestBodySize = InputRules.MaxRequestBodyBytes);

        builder.Services.AddSingleton<SigningKeyStore>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<SigningKeyStore>());
        builder.Services.AddSingleton<AccessTokens>();
        builder.Services.AddSingleton<RefreshTokens>();
        builder.Services.AddSingleton<Users>();
        builder.Services.AddAuthentication(BearerAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, BearerAuthenticationHandler>(BearerAuthenticationHandler.SchemeName, null);
        builder.Services.AddAuthorization();

        builder.Services.AddSingleton<RateLimiter>();
        builder.Services.AddSingleton<ChatStore>();
        builder.Services.AddSingleton<ChatCommands>();

        builder.Services.AddSingleton<DeliveryBindings>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<DeliveryBindings>());
        builder.Services.AddSingleton<StoredMessages>();
        builder.Services.AddSingleton<ConnectionRegistry>();
        builder.Services.AddHostedService<DeliveryConsumer>();
        return builder;
    }

    public static WebApplication UseGatewayPipeline(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseWebSockets();
        app.UseAuthentication();
        app.UseAuthorization();
        return app;
    }
}
