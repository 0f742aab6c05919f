// Card-check result codes (maKetQua) and their notes (ghiChu) as the existing card-check service words them.
export const RESULT_MESSAGES: Readonly<Record<string, string>> = {
  '000': 'Thông tin thẻ chính xác',
  '001': 'Thẻ do BHXH Bộ Quốc phòng quản lý, đề nghị kiểm tra thẻ và thông tin giấy tờ tùy thân',
  '002': 'Thẻ do BHXH Bộ Công an quản lý, đề nghị kiểm tra thẻ và thông tin giấy tờ tùy thân',
  '003': 'Thẻ cũ hết giá trị sử dụng nhưng đã được cấp thẻ mới',
  '004': 'Thẻ cũ còn giá trị sử dụng nhưng đã được cấp thẻ mới',
  '010': 'Thẻ hết giá trị sử dụng',
  '050': 'Không thấy thông tin thẻ BHYT',
  '051': 'Mã thẻ không đúng',
  '052': 'Mã tỉnh cấp thẻ (kí tự thứ 4, 5 của mã thẻ) không đúng',
  '053': 'Mã quyền lợi thẻ (kí tự thứ 3 của mã thẻ) không đúng',
  '054': 'CCCD của cán bộ kiểm tra không có trong danh sách người dùng của cơ sở',
  '055': 'Họ tên cán bộ kiểm tra không khớp với CCCD',
  '060': 'Thẻ sai họ tên',
  '061': 'Thẻ sai họ tên (đúng kí tự đầu)',
  '070': 'Thẻ sai ngày sinh',
  '080': 'Thẻ sai giới tính',
  '090': 'Thẻ sai nơi đăng ký KCB ban đầu',
  '100': 'Lỗi khi lấy dữ liệu số thẻ',
  '101': 'Lỗi server',
  '110': 'Thẻ đã thu hồi',
  '120': 'Thẻ đã báo giảm',
  '121': 'Thẻ đã báo giảm. Giảm do chuyển ngoại tỉnh',
  '122': 'Thẻ đã báo giảm. Giảm do chuyển nội tỉnh',
  '123': 'Thẻ đã báo giảm. Giảm do tăng lại cùng đơn vị',
  '124': 'Thẻ đã báo giảm. Giảm do ngừng tham gia',
  '130': 'Trẻ em không xuất trình thẻ',
  '205': 'Lỗi sai định dạng tham số',
  '401': 'Lỗi xác thực tài khoản',
  '500': 'Lỗi khi lấy dữ liệu',
};

export function resultMessage(code: string): string {
  return RESULT_MESSAGES[code] ?? 'Không xác định';
}
