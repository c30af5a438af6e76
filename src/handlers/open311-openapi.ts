/**
 * The Open311 GeoReport v2 endpoints (src/handlers/open311.ts) as OpenAPI paths, added to the
 * intake API's document (/api/openapi.json) next to /api/complaints.
 */

const ERROR = { $ref: '#/components/schemas/Open311Errors' };
const errors = (codes: Record<string, string>) =>
  Object.fromEntries(Object.entries(codes).map(([code, description]) => [code, { description, content: { 'application/json': { schema: ERROR } } }]));
const apiKey = { name: 'api_key', in: 'query', required: true, description: '平台管理员为本渠道创建的 api_key。', schema: { type: 'string' } };
const request = {
  type: 'object',
  properties: {
    service_request_id: { type: 'string', description: '受理编号' },
    status: { type: 'string', enum: ['open', 'closed'], description: '待受理/已受理/调查中 → open；已办结/不予受理 → closed' },
    status_notes: { type: 'string', description: '公开查询页可见的说明；实名举报另含办理结果和反馈，从不含个人信息' },
    service_name: { type: 'string' },
    service_code: { type: ['string', 'null'] },
    agency_responsible: { type: 'string' },
    service_notice: { type: ['string', 'null'] },
    requested_datetime: { type: 'string', format: 'date-time' },
    updated_datetime: { type: 'string', format: 'date-time' },
    expected_datetime: { type: ['string', 'null'], format: 'date-time' },
    address: { type: ['string', 'null'] },
    client_request_id: { type: ['string', 'null'], description: '扩展字段：来源系统的工单号' },
  },
} as const;

export const OPEN311_SCHEMAS = {
  Open311Errors: {
    type: 'array',
    items: { type: 'object', required: ['code', 'description'], properties: { code: { type: 'integer' }, description: { type: 'string' } } },
  },
  Open311Request: request,
} as const;

const postFields = {
  type: 'object',
  required: ['api_key', 'service_code', 'description'],
  properties: {
    api_key: { type: 'string' },
    service_code: { type: 'string', description: '见 services.json，如 ZZ01' },
    description: { type: 'string', description: '问题描述，5–2000 字' },
    first_name: { type: 'string', description: '实名举报人的名' },
    last_name: { type: 'string', description: '实名举报人的姓' },
    phone: { type: 'string', description: '实名举报人电话；填写即为实名（除非 attribute[anonymous]=true）' },
    email: { type: 'string', description: '实名举报人邮箱（接收办理通知）' },
    address_string: { type: 'string', description: '未列出机构的地址（同 attribute[unlisted_address]）' },
    'attribute[institution_code]': { type: 'string' },
    'attribute[unlisted_name]': { type: 'string' },
    'attribute[unlisted_address]': { type: 'string' },
    'attribute[region_code]': { type: 'string' },
    'attribute[occurred_on]': { type: 'string', format: 'date' },
    'attribute[anonymous]': { type: 'string', enum: ['true', 'false'] },
    'attribute[client_request_id]': { type: 'string', description: '来源系统工单号；重复提交返回原受理编号' },
    media: { type: 'array', items: { type: 'string', format: 'binary' }, description: '照片（multipart），最多 3 张，每张 5 MB；media_url 不下载' },
  },
} as const;

export const OPEN311_PATHS = {
  '/open311/v2/discovery.json': { get: { operationId: 'open311Discovery', summary: 'Open311 服务发现', responses: { '200': { description: '端点与规范' } } } },
  '/open311/v2/services.json': {
    get: {
      operationId: 'open311Services',
      summary: 'Open311 服务列表（投诉举报类别的具体问题）',
      responses: { '200': { description: 'service_code、service_name、group …' } },
    },
  },
  '/open311/v2/services/{service_code}.json': {
    get: {
      operationId: 'open311ServiceDefinition',
      summary: 'Open311 服务定义（attributes）',
      parameters: [{ name: 'service_code', in: 'path', required: true, schema: { type: 'string' } }],
      responses: { '200': { description: 'attributes' }, ...errors({ '404': '没有这个服务' }) },
    },
  },
  '/open311/v2/requests.json': {
    post: {
      operationId: 'open311CreateRequest',
      summary: 'Open311 提交投诉举报（与 /api/complaints 同一流程，渠道取自 api_key 所属客户端）',
      requestBody: {
        required: true,
        content: {
          'application/x-www-form-urlencoded': { schema: postFields },
          'multipart/form-data': { schema: postFields },
          'application/json': { schema: postFields },
        },
      },
      responses: {
        '200': { description: '[{ service_request_id, service_notice, account_id, query_code }]（query_code 为扩展字段，只返回这一次）' },
        ...errors({
          '400': '字段有误（每个字段一条）',
          '403': 'api_key 缺少或无效',
          '409': '工单号已提交过但内容不同',
          '413': '请求体过大',
          '429': '超过本客户端的频率限制',
        }),
      },
    },
    get: {
      operationId: 'open311ListRequests',
      summary: 'Open311 查询本客户端提交的请求',
      parameters: [
        apiKey,
        ...['service_request_id', 'service_code', 'start_date', 'end_date', 'status'].map((name) => ({
          name,
          in: 'query',
          required: false,
          schema: { type: 'string' },
        })),
      ],
      responses: {
        '200': {
          description: '最多 1000 条，默认最近 90 天',
          content: { 'application/json': { schema: { type: 'array', items: { $ref: '#/components/schemas/Open311Request' } } } },
        },
        ...errors({ '400': '查询参数有误', '403': 'api_key 缺少或无效' }),
      },
    },
  },
  '/open311/v2/requests/{service_request_id}.json': {
    get: {
      operationId: 'open311GetRequest',
      summary: 'Open311 查询一件请求（仅本客户端提交的）',
      parameters: [{ name: 'service_request_id', in: 'path', required: true, schema: { type: 'string' } }, apiKey],
      responses: {
        '200': {
          description: '一个元素的数组',
          content: { 'application/json': { schema: { type: 'array', items: { $ref: '#/components/schemas/Open311Request' } } } },
        },
        ...errors({ '403': 'api_key 缺少或无效', '404': '没有这个请求，或不是本客户端提交的' }),
      },
    },
  },
} as const;
