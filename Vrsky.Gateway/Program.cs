using Vrsky.Gateway.Auth;
using Vrsky.Gateway.Chats;
using Vrsky.Gateway.Extensions;
using Vrsky.Gateway.Realtime;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddGatewayServices();

var app = builder.Build();

app.UseGatewayPipeline();
app.MapDefaultEndpoints();
app.MapAuthApi();
app.MapChatsApi();
app.MapRealtimeApi();

app.Run();
