var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddNatsClient("nats");
builder.AddNpgsqlDataSource("frolf");
var app = builder.Build();

app.MapDefaultEndpoints();

app.Run();
