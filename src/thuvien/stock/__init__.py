"""Keeping the stock: stock-taking (kiểm kê) and weeding (thanh lọc, thanh lý) by a
recorded decision."""
