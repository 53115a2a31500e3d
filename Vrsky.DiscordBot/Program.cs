var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddNpgsqlDataSource("frolf");
var app = builder.Build();

app.MapDefaultEndpoints();

app.Run();
